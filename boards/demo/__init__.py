"""Demo data: the Barking and Dagenham CSP board's 28 March 2018 agenda pack as YAML + loader.

See ``boards.demo.loader.load_demo`` and the ``load_demo`` management command.
"""
