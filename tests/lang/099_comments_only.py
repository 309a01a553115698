# only comments

    # indented comment
	# tab comment
# last
