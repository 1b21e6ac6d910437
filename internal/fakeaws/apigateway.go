package fakeaws

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/openapi"
)

// The fake API Gateway keeps what AWS keeps behind a REST API, so engine tests can see what a stage
// really serves, not only which Pulumi resources exist (aws-facts R1-R3, R8, R9):
//
//   - an API's methods come from its imported body (an overwrite import replaces them all, and
//     resets the resource policy to the document's) or from Resource, Method and Integration
//     resources;
//   - CreateDeployment snapshots the methods present at that moment, and fails for a private API
//     without a resource policy (R3) or an API without methods;
//   - a stage serves its deployment's snapshot; a deployment a stage points at cannot be deleted
//     (R2);
//   - deleting a method, integration or resource that is already gone succeeds, as the provider's
//     delete does on NotFound;
//   - a VPC link that a method's integration still names cannot be deleted (R8).
//
// It is test equipment, like the rest of the package.

// RestMethod is one method of a REST API as the fake API Gateway holds it.
type RestMethod struct {
	// Key is "ANY /api".
	Key string
	// Integrated is false for a method without an integration.
	Integrated                              bool
	Uri, ConnectionId, IntegrationTarget    string
	TimeoutMs                               int
	ResponseTransferMode, Authorization, Id string
}

// RestStage is what a stage serves: its deployment and that deployment's snapshot.
type RestStage struct {
	DeploymentId string
	Methods      []RestMethod
}

type restApiState struct {
	rootId    string
	private   bool
	policy    string
	methods   map[string]RestMethod
	resources map[string]string // resource id -> path
}

type deploymentState struct {
	apiId    string
	snapshot []RestMethod
}

type stageState struct {
	apiId, name, deploymentId string
}

type apiGateway struct {
	mu          sync.Mutex
	apis        map[string]*restApiState
	deployments map[string]*deploymentState
	stages      map[string]*stageState // by stage resource id
	created     map[string]int         // api id -> deployments created
}

func newApiGateway() *apiGateway {
	return &apiGateway{apis: map[string]*restApiState{}, deployments: map[string]*deploymentState{}, stages: map[string]*stageState{}, created: map[string]int{}}
}

const (
	tRestApi       = "aws:apigateway/restApi:RestApi"
	tRestApiPolicy = "aws:apigateway/restApiPolicy:RestApiPolicy"
	tResource      = "aws:apigateway/resource:Resource"
	tMethod        = "aws:apigateway/method:Method"
	tIntegration   = "aws:apigateway/integration:Integration"
	tDeployment    = "aws:apigateway/deployment:Deployment"
	tStage         = "aws:apigateway/stage:Stage"
	tV1Link        = "aws:apigateway/vpcLink:VpcLink"
	tV2Link        = "aws:apigatewayv2/vpcLink:VpcLink"
)

func plainMap(m resource.PropertyMap) map[string]any {
	clean := resource.PropertyMap{}
	for k, v := range m {
		clean[k] = deepPlain(v)
	}
	return clean.Mappable()
}

func strOf(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// put applies a created or updated resource to the fake API Gateway.
func (g *apiGateway) put(typ, id string, inputs, outputs resource.PropertyMap) error {
	switch typ {
	case tRestApi, tRestApiPolicy, tResource, tMethod, tIntegration, tDeployment, tStage:
	default:
		return nil
	}
	in, out := plainMap(inputs), plainMap(outputs)
	g.mu.Lock()
	defer g.mu.Unlock()
	switch typ {
	case tRestApi:
		api := g.apis[id]
		if api == nil {
			api = &restApiState{methods: map[string]RestMethod{}, resources: map[string]string{}}
			g.apis[id] = api
		}
		api.rootId = strOf(out, "rootResourceId")
		ec, _ := in["endpointConfiguration"].(map[string]any)
		api.private = strings.Contains(strings.ToUpper(fmt.Sprint(ec["types"])), "PRIVATE")
		if body := strOf(in, "body"); body != "" {
			return api.importBody(body, !strings.EqualFold(strOf(in, "putRestApiMode"), "merge"))
		}
	case tRestApiPolicy:
		if api := g.apis[strOf(in, "restApiId")]; api != nil {
			api.policy = strOf(in, "policy")
		}
	case tResource:
		api := g.apis[strOf(in, "restApi")]
		if api == nil {
			return fmt.Errorf("NotFoundException: Invalid REST API identifier specified")
		}
		parent := "/"
		if p := strOf(in, "parentId"); p != api.rootId {
			var ok bool
			if parent, ok = api.resources[p]; !ok {
				return fmt.Errorf("NotFoundException: Invalid Resource identifier specified")
			}
		}
		api.resources[id] = strings.TrimSuffix(parent, "/") + "/" + strOf(in, "pathPart")
	case tMethod, tIntegration:
		api := g.apis[strOf(in, "restApi")]
		if api == nil {
			return fmt.Errorf("NotFoundException: Invalid REST API identifier specified")
		}
		path, ok := api.path(strOf(in, "resourceId"))
		if !ok {
			return fmt.Errorf("NotFoundException: Invalid Resource identifier specified")
		}
		key := strings.ToUpper(strOf(in, "httpMethod")) + " " + path
		m, exists := api.methods[key]
		m.Key = key
		if typ == tMethod {
			m.Authorization, m.Id = strOf(in, "authorization"), id
		} else {
			if !exists {
				return fmt.Errorf("NotFoundException: Invalid Method identifier specified")
			}
			m.Integrated, m.Uri, m.ConnectionId = true, strOf(in, "uri"), strOf(in, "connectionId")
			t, _ := in["timeoutMilliseconds"].(float64)
			m.TimeoutMs, m.ResponseTransferMode = int(t), openapi.Buffered
		}
		api.methods[key] = m
	case tDeployment:
		apiId := strOf(in, "restApi")
		api := g.apis[apiId]
		if api == nil {
			return fmt.Errorf("NotFoundException: Invalid REST API identifier specified")
		}
		if _, exists := g.deployments[id]; exists {
			return nil // an update of a deployment's description snapshots nothing
		}
		if api.private && api.policy == "" {
			return fmt.Errorf("BadRequestException: Private REST API doesn't have a resource policy attached to it (aws-facts R3)")
		}
		if len(api.methods) == 0 {
			return fmt.Errorf("BadRequestException: The REST API doesn't contain any methods")
		}
		g.deployments[id] = &deploymentState{apiId: apiId, snapshot: api.sorted()}
		g.created[apiId]++
	case tStage:
		dep := strOf(in, "deployment")
		d := g.deployments[dep]
		if d == nil || d.apiId != strOf(in, "restApi") {
			return fmt.Errorf("BadRequestException: Invalid deployment identifier specified")
		}
		g.stages[id] = &stageState{apiId: d.apiId, name: strOf(in, "stageName"), deploymentId: dep}
	}
	return nil
}

// importBody applies an OpenAPI document: overwrite replaces every method and the resource policy
// with the document's (a policy the document leaves out is gone); merge adds and replaces only.
func (api *restApiState) importBody(body string, overwrite bool) error {
	doc, err := openapi.Parse(body)
	if err != nil {
		return fmt.Errorf("BadRequestException: %v", err)
	}
	if overwrite {
		api.methods = map[string]RestMethod{}
		api.resources = map[string]string{}
		api.policy = ""
	}
	if len(doc.Policy) > 0 {
		api.policy = string(doc.Policy)
	}
	for _, m := range doc.Methods() {
		if m.Integration == nil {
			return fmt.Errorf("BadRequestException: Warnings found during import: no integration for %s", m.Key())
		}
		i := m.Integration
		api.methods[m.Key()] = RestMethod{
			Key: m.Key(), Integrated: true, Uri: i.Uri, ConnectionId: i.ConnectionId, IntegrationTarget: i.IntegrationTarget,
			TimeoutMs: i.TimeoutInMillis, ResponseTransferMode: i.ResponseTransferMode, Authorization: m.Authorization,
		}
	}
	return nil
}

func (api *restApiState) path(resourceId string) (string, bool) {
	if resourceId == api.rootId {
		return "/", true
	}
	p, ok := api.resources[resourceId]
	return p, ok
}

func (api *restApiState) sorted() []RestMethod {
	out := make([]RestMethod, 0, len(api.methods))
	for _, k := range slices.Sorted(maps.Keys(api.methods)) {
		out = append(out, api.methods[k])
	}
	return out
}

// remove applies a deletion. What is already gone is not an error (the provider's delete treats
// NotFound as done).
func (g *apiGateway) remove(typ, id string, inputs resource.PropertyMap) error {
	in := plainMap(inputs)
	g.mu.Lock()
	defer g.mu.Unlock()
	switch typ {
	case tRestApi:
		delete(g.apis, id)
	case tRestApiPolicy:
		// The provider deletes a policy by setting the API's policy to "".
		if api := g.apis[strOf(in, "restApiId")]; api != nil {
			api.policy = ""
		}
	case tResource:
		api := g.apis[strOf(in, "restApi")]
		if api == nil {
			return nil
		}
		if path, ok := api.resources[id]; ok {
			for k := range api.methods {
				if _, p, _ := strings.Cut(k, " "); p == path || strings.HasPrefix(p, path+"/") {
					delete(api.methods, k)
				}
			}
			delete(api.resources, id)
		}
	case tMethod, tIntegration:
		api := g.apis[strOf(in, "restApi")]
		if api == nil {
			return nil
		}
		path, ok := api.path(strOf(in, "resourceId"))
		if !ok {
			return nil
		}
		key := strings.ToUpper(strOf(in, "httpMethod")) + " " + path
		m, ok := api.methods[key]
		switch {
		case !ok:
		case typ == tMethod:
			delete(api.methods, key)
		default:
			m.Integrated, m.Uri, m.ConnectionId, m.TimeoutMs = false, "", "", 0
			api.methods[key] = m
		}
	case tDeployment:
		for _, st := range g.stages {
			if st.deploymentId == id {
				return fmt.Errorf("BadRequestException: Active stages pointing to this deployment must be moved or deleted (aws-facts R2)")
			}
		}
		delete(g.deployments, id)
	case tStage:
		delete(g.stages, id)
	case tV1Link, tV2Link:
		for apiId, api := range g.apis {
			for _, m := range api.sorted() {
				if m.Integrated && m.ConnectionId == id {
					return fmt.Errorf("BadRequestException: Cannot delete vpc link. Vpc link '%s', is referenced in [%s] of REST API %s (aws-facts R8)", id, m.Key, apiId)
				}
			}
		}
	}
	return nil
}

// RestMethods returns the methods REST API apiId has now, sorted by key.
func (s *Server) RestMethods(apiId string) []RestMethod {
	g := s.apigw
	g.mu.Lock()
	defer g.mu.Unlock()
	if api := g.apis[apiId]; api != nil {
		return api.sorted()
	}
	return nil
}

// RestPolicy returns the resource policy REST API apiId has now ("" for none).
func (s *Server) RestPolicy(apiId string) string {
	g := s.apigw
	g.mu.Lock()
	defer g.mu.Unlock()
	if api := g.apis[apiId]; api != nil {
		return api.policy
	}
	return ""
}

// RestStage returns what the stage named stage of REST API apiId serves.
func (s *Server) RestStage(apiId, stage string) (RestStage, bool) {
	g := s.apigw
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, st := range g.stages {
		if st.apiId == apiId && st.name == stage {
			d := g.deployments[st.deploymentId]
			if d == nil {
				return RestStage{DeploymentId: st.deploymentId}, true
			}
			return RestStage{DeploymentId: st.deploymentId, Methods: slices.Clone(d.snapshot)}, true
		}
	}
	return RestStage{}, false
}

// RestDeploymentsCreated counts the deployments created for REST API apiId since Start.
func (s *Server) RestDeploymentsCreated(apiId string) int {
	g := s.apigw
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.created[apiId]
}
