"""The browser fixtures (browser, new_page, screenshot) live in smartjustice/testing/browser.py
and are loaded for the whole suite by the root conftest; request them by name, never import
them (an imported session fixture would start a second Playwright and fail)."""
