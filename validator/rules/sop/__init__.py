"""PPB-SOP: quality of SOP AP maps and cross-functional maps (PermenPANRB 35/2012)."""
