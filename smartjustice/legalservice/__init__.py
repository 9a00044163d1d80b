"""云司法 public legal services: small apps (STYLE §1): calculators/, documents/."""
