"""The demo county: a deterministic, realistic 兴国县 for trying the platform and for acceptance checks."""
