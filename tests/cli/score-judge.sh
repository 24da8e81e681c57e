# A scripted judge for t3400 (command provider: prompt on stdin, reply on stdout).
# Step 1 copies what follows the last "Final answer:" of the reply (else []);
# step 2 calls every gold row exact unless the answer is empty.
p=$(cat)
case $p in
*"Find the model's final answer"*)
	a=$(printf '%s\n' "$p" | sed -n 's/.*Final answer: *//p' | tail -1)
	printf '{"answer": %s}\n' "${a:-[]}"
	;;
*"No row answers it"*)
	case $p in
	*'"answer": []'*) echo '{"labels": ["exact"]}' ;;
	*) echo '{"labels": ["none"]}' ;;
	esac
	;;
*)
	n=$(printf '%s\n' "$p" | grep -c '^[0-9][0-9]*: \[')
	l=exact
	case $p in *'"answer": []'*) l=none ;; esac
	out=""
	i=0
	while [ $i -lt "$n" ]; do
		out="$out${out:+, }\"$l\""
		i=$((i + 1))
	done
	echo "{\"labels\": [$out]}"
	;;
esac
