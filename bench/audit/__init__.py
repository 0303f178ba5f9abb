"""Black-box audits (`make audit`): deploy checks, security headers, axe-core, the W3C Nu checker."""
