"""Use cases: a revision arrives, an archive is imported, a watch round runs, the notice
workflow. The layer the CLI (and the desk) call."""
