"""End-to-end encryption: OMEMO (crypto/omemo/)."""
