"""PPB-LVL: map structure and levels (jenis peta, Level 0 content, swimlanes)."""
