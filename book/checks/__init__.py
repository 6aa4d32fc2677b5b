"""The auto-checked exercises, one module per chapter.

Each module defines ``EXERCISES``, a list of :class:`book.exercises.NumberExercise`,
:class:`~book.exercises.CityExercise` or :class:`~book.exercises.ChoiceExercise`
whose expected answers are functions of the data. :func:`book.exercises.check`
collects them all; an id must be unique across the book.
"""
