"""A select list written straight to HTML. Django renders each option through a template: the registry's
filters hold about 120 options, and rendering them took 12 of the page's 50 ms of CPU at 1,000,000 records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """`forms.Select` without option groups, rendered to the same HTML without a template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        written = "".join(
            f" {key}" if value is True else f' {key}="{conditional_escape(value)}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False and value is not None
        )
        parts = [f'<select name="{conditional_escape(name)}"{written}>']
        for option, label in self.choices:
            key = "" if option is None else str(option)
            mark = " selected" if key in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(key)}"{mark}>{conditional_escape(str(label))}</option>'
            )
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above
