"""PPB-EFI: static efficiency measures for the efficiency review of a map."""
