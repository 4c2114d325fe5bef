"""Text: normalisation, segmentation into blocks and sentences with spans, dates, entities, people.

The bottom layer: it imports nothing else of factcheck but the shared errors."""
