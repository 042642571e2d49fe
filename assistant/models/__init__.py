"""The models the pipeline runs: sentence embeddings (torch or int8 ONNX) and chat LLMs."""
