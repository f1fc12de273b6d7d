def render_receipt(order: object, layout: str) -> str:
    fields = {"order": order}
    text = layout.format_map(fields)  # expect: seclsp/format-string-injection
    return text
