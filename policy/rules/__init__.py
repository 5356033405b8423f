"""Every rule module, imported so that their `@rule` decorators register them.

Families: O1xx order and context, C2xx content, S3xx style and language. One module per
concern; `policy.registry.all_rules()` is the list.
"""

from policy.rules import review  # noqa: F401
