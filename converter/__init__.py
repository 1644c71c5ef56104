"""stagesplit: split a single-stage Dockerfile into a build stage and a minimal runtime stage.

Pipeline, one module per job: parse -> model -> effects -> graph -> plan -> render.
I/O happens only in cli, report and engine.
"""

__version__ = "0.1.0"
