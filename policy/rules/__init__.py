"""Every rule module, imported so that their `@rule` decorators register them.

Families: O1xx order and context, C2xx content, S3xx style and language. One module per
concern; `policy.registry.all_rules()` is the list.
"""

from policy.rules import (
    accessibility,  # noqa: F401
    attachments,  # noqa: F401
    contact,  # noqa: F401
    content,  # noqa: F401
    emoji,  # noqa: F401
    grammar,  # noqa: F401
    images,  # noqa: F401
    language_rules,  # noqa: F401
    links,  # noqa: F401
    order,  # noqa: F401
    purpose,  # noqa: F401
    review,  # noqa: F401
    review_change,  # noqa: F401
    review_repeat,  # noqa: F401
    review_rules,  # noqa: F401
    spelling,  # noqa: F401
    style,  # noqa: F401
    style_breaks,  # noqa: F401
    style_images,  # noqa: F401
)
