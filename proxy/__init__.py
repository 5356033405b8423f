"""The local service: mitmproxy and the aiohttp API in one process, the CLI, the store, the demo."""
