"""PPB-NMK: names and codes (labels, activity wording, process codes, nomenklatur, lanes)."""
