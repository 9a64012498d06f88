"""Papers, publishing an agenda, pack progress and supplementary agendas."""
