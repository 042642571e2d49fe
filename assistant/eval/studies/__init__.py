"""The studies behind the shipped models and settings, each run from the repository root as
`python -m assistant.eval.studies.<name>`: they read eval/'s labelled data and write what they
find under eval/results/ (README.md there lists them)."""
