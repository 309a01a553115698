from pathlib import Path
print(Path("/").iterdir())
