"""PPB-KLP: completeness of a map (stakeholders, categories, input/output, metadata)."""
