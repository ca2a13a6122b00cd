"""Widgets shared by the apps' forms."""

from django import forms


class RichTextarea(forms.Textarea):
    """A textarea for officers' rich text (HTML kept by portal.html.sanitise). Without
    JavaScript it is a plain textarea (plain text and pasted HTML both work, the server
    sanitises either); static/js/rich-text.js puts a Tiptap editor with a toolbar in its
    place, writing the HTML back into the textarea as the officer edits."""

    def __init__(self, attrs=None):
        super().__init__({"data-rich-text": "", **(attrs or {})})

    class Media:
        js = ("vendor/tiptap/tiptap.bundle.min.js", "js/rich-text.js")
        css = {"all": ("css/rich-text.css",)}
