"""PPB-ALN: alignment of the maps with the RPJMD and the Renstra (needs a plan).

Every rule reads the links of maps and processes to the plan through
:mod:`validator.planlinks`, so the rules and the report's alignment matrix agree.
"""
