"""The partnership's set-up, kept by its clerk: boards, board kinds, organisations, people
and memberships (issue 10: "Set-up without admin")."""
