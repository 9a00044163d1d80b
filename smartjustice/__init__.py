"""smartjustice: a smart-justice platform for a county justice bureau (智慧司法)."""
