import re


def drop_inline_scripts(markup):
    pattern = r'<script\s+type="[^"]*">[\s\S]*?</script[^>]*>'  # expect: py/bad-tag-filter
    return re.sub(pattern, "", markup, flags=re.IGNORECASE)
