package policy

import (
	"fmt"

	"github.com/vpclink/vpclink/openapi"
)

// restBody is the OpenAPI document a REST API is imported from (its body input), parsed: the
// methods API Gateway creates from it, which no Method or Integration resource describes.
type restBody struct {
	api     *Resource
	doc     *openapi.Document
	methods []openapi.Method
}

// restBodies returns the REST APIs whose body is known and parses, in URN order. An unknown or
// secret body cannot be judged and is skipped; a body that is not an OpenAPI 3 document is left to
// the import, which refuses it (failOnWarnings). Each body is parsed once per evaluation; callers
// only read the result.
func (g *graph) restBodies() []restBody {
	if !g.bodiesRead {
		g.bodies, g.bodiesRead = parseRestBodies(g), true
	}
	return g.bodies
}

func parseRestBodies(g *graph) []restBody {
	var out []restBody
	for _, api := range g.ofType(tRestApi) {
		s, ok := str(get(api.Inputs, "body"))
		if !ok || s == "" {
			continue
		}
		doc, err := openapi.Parse(s)
		if err != nil {
			continue
		}
		out = append(out, restBody{api: api, doc: doc, methods: doc.Methods()})
	}
	return out
}

// where names a method of a body in findings: "method ANY /api of REST API rest-nlb".
func (b restBody) where(m openapi.Method) string {
	return fmt.Sprintf("method %s of REST API %s", m.Key(), b.api.Name)
}

// policy returns the document's x-amazon-apigateway-policy as JSON text, "" when it has none.
func (b restBody) policy() string {
	if len(b.doc.Policy) == 0 {
		return ""
	}
	return string(b.doc.Policy)
}
