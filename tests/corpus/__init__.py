"""A seeded generator of realistic handout articles and books (see generate.py), for the soak run."""
