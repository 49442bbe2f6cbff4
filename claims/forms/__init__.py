"""Browser forms of the claims core: the claim journey (``claims``) and the public
calculator (``calculator/``)."""
