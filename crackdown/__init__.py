"""crackdown: press releases about cybercrime crackdowns, their facts, published with Datasette."""

__version__ = "0.1.0"
