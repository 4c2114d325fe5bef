"""Analysis: alignment, the diff and its types, what an edit means, the automated checks,
claim candidates, anchoring.

Pure functions over text: no storage, no network, no click."""
