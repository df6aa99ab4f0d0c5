"""The self-check: a community answers the six criteria's points and gets a plan."""
