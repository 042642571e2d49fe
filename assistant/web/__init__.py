"""The browser chat (gradio, imported only here), its HTML, uploads and folder watching."""
