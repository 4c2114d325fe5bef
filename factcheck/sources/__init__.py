"""Where revisions come from: files, HTML pages, fetching, feeds.

No storage, no click: a source hands the layers above a decoded text and its metadata."""
