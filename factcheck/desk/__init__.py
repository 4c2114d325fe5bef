"""The review desk in a browser: ``factcheck serve``.

A Starlette application (:mod:`factcheck.desk.app`) served by Uvicorn
(:mod:`factcheck.desk.server`). Pages are rendered on the server from the same view
dictionaries as the JSON output (:mod:`factcheck.desk.payloads`); templates and
assets ship in this package, nothing is fetched from elsewhere.
"""
