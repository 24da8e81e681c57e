#!/bin/sh
# The OpenAI Responses API, Azure OpenAI (deployment URL, api-version, api-key) and Vertex AI
# (project and location URLs, or express mode), each from its documented variables.
. ./lib.sh
. ./runlib.sh
start_fake f --key sekret-key-0042
for s in "" --stream; do
	OPENAI_API_KEY=sekret-key-0042 expect_exit 0 ctx run "$INST" --model openai-responses/o4-mini+perfect \
		--base-url "$URL/v1" --max-tokens 300 --reasoning-effort low $s -o "$T/resp$s.db"
	assert_eq "$(q "$T/resp$s.db" "select count(*) from replies where status='ok' and reply like '%Final answer%' and reasoning = 'Let me think.' and reasoning_tokens = 4")" "6" "responses$s"
	assert_eq "$(jget "$(last_body f)" '[(.input | type), .max_output_tokens, .reasoning, has("temperature")]')" \
		'["string",300,{"effort":"low"},false]' "responses body$s"
done
assert_eq "$(meta "$T/resp.db" request_path)" "/responses" "responses path"

# Azure: the endpoint and key from the environment; the deployment is the model
export AZURE_OPENAI_ENDPOINT="$URL" AZURE_OPENAI_API_KEY=sekret-key-0042 OPENAI_API_VERSION=2025-01-01-preview
expect_exit 0 ctx run "$INST" --model azure/my-gpt4o+perfect -o "$T/az.db"
assert_eq "$(q "$T/az.db" "select count(*) from replies where status='ok'")" "6" "azure"
assert_eq "$(tail -1 "$T/f.bodies" | cut -f1)" "/openai/deployments/my-gpt4o+perfect/chat/completions?api-version=2025-01-01-preview" "azure URL"
assert_eq "$(meta "$T/az.db" base_urls)" "[\"$URL\"]" "azure endpoint recorded"
unset AZURE_OPENAI_ENDPOINT
expect_exit 2 ctx run "$INST" --model azure/my-gpt4o -o "$T/az2.db"
assert_contains "$T/err" "AZURE_OPENAI_ENDPOINT is not set"
AZURE_OPENAI_API_KEY=wrong-key-99 expect_exit 1 ctx run "$INST" --model azure/my-gpt4o --base-url "$URL" -o "$T/az3.db"
assert_not_contains "$T/err" "wrong-key-99"
unset AZURE_OPENAI_API_KEY OPENAI_API_VERSION

# Vertex AI: a project URL with an access token, or express mode with an API key
GOOGLE_CLOUD_PROJECT=proj-1 GOOGLE_CLOUD_LOCATION=us-central1 GOOGLE_OAUTH_ACCESS_TOKEN=sekret-key-0042 \
	expect_exit 0 ctx run "$INST" --model vertex/gemini-2.5-flash+perfect --base-url "$URL" -o "$T/vx.db"
assert_eq "$(tail -1 "$T/f.bodies" | cut -f1)" "/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.5-flash+perfect:generateContent" "vertex URL"
assert_eq "$(q "$T/vx.db" "select count(*) from replies where status='ok'")" "6" "vertex"
GOOGLE_API_KEY=sekret-key-0042 expect_exit 0 ctx run "$INST" --model vertex/gemini-2.0-flash --base-url "$URL" \
	--stream -o "$T/vx2.db"
assert_eq "$(tail -1 "$T/f.bodies" | cut -f1)" "/v1/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse" "express URL"
expect_exit 2 env -u GOOGLE_API_KEY -u GOOGLE_CLOUD_PROJECT "$CTXBENCH" run "$INST" --model vertex/gemini-2.0-flash -o "$T/vx3.db"
assert_contains "$T/err" "GOOGLE_CLOUD_PROJECT"
ok "responses, azure, vertex"
