// The parts of Tiptap the portal's rich-text fields use, as one global (window.Tiptap) for
// static/js/rich-text.js. Built by scripts/build-editor.sh.
import { Editor, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Table, TableRow, TableHeader, TableCell } from "@tiptap/extension-table";

window.Tiptap = { Editor, mergeAttributes, StarterKit, Table, TableRow, TableHeader, TableCell };
