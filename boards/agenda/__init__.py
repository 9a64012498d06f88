"""The clerk's meeting, agenda and forward plan pages."""
