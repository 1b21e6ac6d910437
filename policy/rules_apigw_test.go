package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/openapi"
	"github.com/vpclink/vpclink/policy"
)

const (
	M = policy.Mandatory
	A = policy.Advisory
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestVPCL_APIGW_ACCESS_LOGS(t *testing.T) {
	testRule(t, "VPCL-APIGW-ACCESS-LOGS", []mutation{
		{"restNoSettings", "", func(t *testing.T, f *fixture) { f.del(t, tStage, "rest", "accessLogSettings") },
			[]want{{tStage, "rest", M, "writes no access logs"}}},
		{"restNoDestination", "dev", func(t *testing.T, f *fixture) { f.del(t, tStage, "priv", "accessLogSettings.destinationArn") },
			[]want{{tStage, "priv", M, "destinationArn and format"}}},
		{"httpNoFormat", "", func(t *testing.T, f *fixture) { f.set(t, tHttpStage, "http", "accessLogSettings.format", "") },
			[]want{{tHttpStage, "http", M, "writes no access logs"}}},
		{"textFormat", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpStage, "http", "accessLogSettings.format", "$context.requestId $context.status")
		}, []want{{tHttpStage, "http", M, "not JSON"}}},
		{"unknownSettingsPass", "", func(t *testing.T, f *fixture) { f.set(t, tStage, "rest", "accessLogSettings", policy.Unknown{}) }, nil},
	})
}

func TestVPCL_APIGW_EXECUTION_LOGS(t *testing.T) {
	testRule(t, "VPCL-APIGW-EXECUTION-LOGS", []mutation{
		{"noMethodSettings", "", func(t *testing.T, f *fixture) { f.drop(t, tMethodSettings, "rest") },
			[]want{{tStage, "rest", M, "no */* method settings"}}},
		{"settingsForAnotherStage", "", func(t *testing.T, f *fixture) {
			f.set(t, tMethodSettings, "rest", "stageName", "v2")
			f.res(t, tMethodSettings, "rest").PropertyDependencies["stageName"] = nil
		}, []want{{tStage, "rest", M, "no */* method settings"}}},
		{"settingsOfOneMethodOnly", "", func(t *testing.T, f *fixture) { f.set(t, tMethodSettings, "priv", "methodPath", "api/GET") },
			[]want{{tStage, "priv", M, "no */* method settings"}}},
		{"loggingOff", "", func(t *testing.T, f *fixture) { f.set(t, tMethodSettings, "rest", "settings.loggingLevel", "OFF") },
			[]want{{tMethodSettings, "rest", M, `level "OFF"`}}},
		{"loggingUnset", "", func(t *testing.T, f *fixture) { f.del(t, tMethodSettings, "rest", "settings.loggingLevel") },
			[]want{{tMethodSettings, "rest", M, "ERROR or INFO"}}},
		{"metricsOff", "", func(t *testing.T, f *fixture) { f.set(t, tMethodSettings, "priv", "settings.metricsEnabled", false) },
			[]want{{tMethodSettings, "priv", M, "metricsEnabled"}}},
		{"joinedByDependencyInPreview", "", func(t *testing.T, f *fixture) {
			// Ids are unknown in a preview: the settings still belong to the stage through their
			// property dependencies.
			f.set(t, tMethodSettings, "rest", "restApi", policy.Unknown{})
			f.set(t, tMethodSettings, "rest", "stageName", policy.Unknown{})
			f.set(t, tStage, "rest", "restApi", policy.Unknown{})
			f.set(t, tMethodSettings, "rest", "settings.loggingLevel", "OFF")
		}, []want{{tMethodSettings, "rest", M, "OFF"}}},
	})
}

func TestVPCL_APIGW_REQUEST_VALIDATION(t *testing.T) {
	testRule(t, "VPCL-APIGW-REQUEST-VALIDATION", []mutation{
		{"noValidator", "", func(t *testing.T, f *fixture) { f.del(t, tMethod, "rest-api", "requestValidatorId") },
			[]want{{tMethod, "rest-api", M, "no request validator"}}},
		{"emptyValidator", "", func(t *testing.T, f *fixture) { f.set(t, tMethod, "priv-api", "requestValidatorId", "") },
			[]want{{tMethod, "priv-api", M, "no request validator"}}},
		{"greedyProxyAdvisory", "", func(t *testing.T, f *fixture) {
			f.del(t, tMethod, "rest-api", "requestValidatorId")
			f.set(t, tMethod, "rest-api", "requestParameters", map[string]any{"method.request.path.proxy": true})
		}, []want{{tMethod, "rest-api", A, "greedy {proxy+}"}}},
		{"validatorWithoutBody", "", func(t *testing.T, f *fixture) { f.set(t, tValidator, "rest", "validateRequestBody", false) },
			[]want{{tValidator, "rest", M, "validateRequestBody"}}},
		{"validatorWithoutParameters", "", func(t *testing.T, f *fixture) { f.del(t, tValidator, "priv", "validateRequestParameters") },
			[]want{{tValidator, "priv", M, "validateRequestParameters"}}},
	})
}

func TestVPCL_APIGW_AUTHORIZATION(t *testing.T) {
	testRule(t, "VPCL-APIGW-AUTHORIZATION", []mutation{
		{"methodNone", "", func(t *testing.T, f *fixture) { f.set(t, tMethod, "rest-api", "authorization", "NONE") },
			[]want{{tMethod, "rest-api", A, "opted out"}}},
		{"routeNone", "", func(t *testing.T, f *fixture) { f.set(t, tRoute, "http-api", "authorizationType", "NONE") },
			[]want{{tRoute, "http-api", A, "authorization NONE"}}},
		{"routeUnset", "", func(t *testing.T, f *fixture) { f.del(t, tRoute, "http-api", "authorizationType") },
			[]want{{tRoute, "http-api", A, "authorization NONE"}}},
		{"optionsRouteExempt", "", func(t *testing.T, f *fixture) { f.set(t, tRoute, "http-options", "authorizationType", "NONE") }, nil},
	})
}

func TestVPCL_APIGW_OPEN_POLICY(t *testing.T) {
	openDoc := mustJSON(obj("Statement", obj("Effect", "Allow", "Principal", obj("AWS", "*"), "Action", "execute-api:*", "Resource", "*")))
	testRule(t, "VPCL-APIGW-OPEN-POLICY", []mutation{
		{"conditionRemoved", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "rest", "policy", mustJSON(obj("Statement", arr(obj("Effect", "Allow", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*")))))
		}, []want{{tRestApiPolicy, "rest", M, "without a Condition"}}},
		{"inlineWildcardPolicy", "", func(t *testing.T, f *fixture) { f.set(t, tRestApi, "rest", "policy", openDoc) },
			[]want{{tRestApi, "rest", M, "allows anyone"}}},
		{"privateApiPasses", "", func(t *testing.T, f *fixture) { f.set(t, tRestApiPolicy, "priv", "policy", openDoc) }, nil},
		{"policyOfUnknownApi", "", func(t *testing.T, f *fixture) {
			f.add(tRestApiPolicy, "elsewhere", obj("restApiId", "abc", "policy", openDoc), nil)
		}, []want{{tRestApiPolicy, "elsewhere", M, "allows anyone"}}},
	})
}

func TestVPCL_APIGW_IAM_OPEN_POLICY(t *testing.T) {
	allowAll := func(cond map[string]any) string {
		st := obj("Effect", "Allow", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*")
		if cond != nil {
			st["Condition"] = cond
		}
		return mustJSON(obj("Statement", arr(
			obj("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*", "Condition", obj("StringNotEquals", obj("aws:SourceVpce", "vpce-1"))),
			st)))
	}
	testRule(t, "VPCL-APIGW-IAM-OPEN-POLICY", []mutation{
		{"privateAllowStar", "", func(t *testing.T, f *fixture) { f.set(t, tRestApiPolicy, "priv", "policy", allowAll(nil)) },
			[]want{{tRestApiPolicy, "priv", M, "aws-facts R11"}}},
		{"allowAwsStarInline", "dev", func(t *testing.T, f *fixture) {
			f.set(t, tRestApi, "rest", "policy", mustJSON(obj("Statement", obj("Effect", "Allow", "Principal", obj("AWS", "*"), "Action", "execute-api:*", "Resource", "*"))))
		}, []want{{tRestApi, "rest", M, "without any execute-api:Invoke permission"}}},
		{"networkConditionDoesNotHelp", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "rest", "policy", allowAll(obj("IpAddress", obj("aws:SourceIp", "192.0.2.0/24"))))
		}, []want{{tRestApiPolicy, "rest", M, "Principal *"}}},
		{"principalArnConditionPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", allowAll(obj("ArnEquals", obj("aws:PrincipalArn", "arn:aws:iam::123456789012:role/caller"))))
		}, nil},
		{"authorizationNonePasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", allowAll(nil))
			f.set(t, tMethod, "priv-api", "authorization", "NONE")
		}, nil},
		{"namedPrincipalPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", mustJSON(obj("Statement", arr(obj("Effect", "Allow",
				"Principal", obj("AWS", arr("arn:aws:iam::210987654321:root")), "Action", "execute-api:Invoke", "Resource", "*")))))
		}, nil},
		{"denyStarPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", mustJSON(obj("Statement", arr(obj("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*")))))
		}, nil},
	})
}

func TestVPCL_APIGW_WAF(t *testing.T) {
	testRule(t, "VPCL-APIGW-WAF", []mutation{
		{"noAssociation", "", func(t *testing.T, f *fixture) { f.drop(t, tWafAssociation, "rest") },
			[]want{{tStage, "rest", M, "set waf.enabled"}}},
		{"associationOfAnotherStage", "", func(t *testing.T, f *fixture) {
			f.set(t, tWafAssociation, "rest", "resourceArn", "arn:aws:apigateway:us-east-1::/restapis/other/stages/v1")
			f.res(t, tWafAssociation, "rest").PropertyDependencies = nil
		}, []want{{tStage, "rest", M, "no WAFv2 web ACL"}}},
	})
}

func TestVPCL_APIGW_XRAY(t *testing.T) {
	testRule(t, "VPCL-APIGW-XRAY", []mutation{
		{"tracingOff", "", func(t *testing.T, f *fixture) { f.set(t, tStage, "rest", "xrayTracingEnabled", false) },
			[]want{{tStage, "rest", A, "X-Ray tracing off"}}},
		{"tracingUnset", "", func(t *testing.T, f *fixture) { f.del(t, tStage, "priv", "xrayTracingEnabled") },
			[]want{{tStage, "priv", A, "X-Ray tracing off"}}},
	})
}

func TestVPCL_APIGW_CACHE_ENCRYPTION(t *testing.T) {
	testRule(t, "VPCL-APIGW-CACHE-ENCRYPTION", []mutation{
		{"unencrypted", "", func(t *testing.T, f *fixture) {
			f.set(t, tMethodSettings, "rest", "settings.cacheDataEncrypted", false)
		},
			[]want{{tMethodSettings, "rest", M, "unencrypted"}}},
		{"encryptionUnset", "", func(t *testing.T, f *fixture) { f.del(t, tMethodSettings, "priv", "settings.cacheDataEncrypted") },
			[]want{{tMethodSettings, "priv", M, "cacheDataEncrypted"}}},
		{"noCachingPasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tMethodSettings, "rest", "settings.cachingEnabled", false)
			f.del(t, tMethodSettings, "rest", "settings.cacheDataEncrypted")
		}, nil},
	})
}

func TestVPCL_APIGW_THROTTLING(t *testing.T) {
	testRule(t, "VPCL-APIGW-THROTTLING", []mutation{
		{"restNoBurst", "", func(t *testing.T, f *fixture) { f.del(t, tMethodSettings, "rest", "settings.throttlingBurstLimit") },
			[]want{{tMethodSettings, "rest", M, "throttlingBurstLimit"}}},
		{"restRateDisabled", "", func(t *testing.T, f *fixture) {
			f.set(t, tMethodSettings, "priv", "settings.throttlingRateLimit", -1.0)
		},
			[]want{{tMethodSettings, "priv", M, "above 0"}}},
		{"restNoMethodSettings", "", func(t *testing.T, f *fixture) { f.drop(t, tMethodSettings, "priv") },
			[]want{{tStage, "priv", M, "no default throttling"}}},
		{"httpNoDefaultRouteSettings", "", func(t *testing.T, f *fixture) { f.del(t, tHttpStage, "http", "defaultRouteSettings") },
			[]want{{tHttpStage, "http", M, "defaultRouteSettings"}}},
		{"httpNoRate", "", func(t *testing.T, f *fixture) {
			f.del(t, tHttpStage, "http", "defaultRouteSettings.throttlingRateLimit")
		},
			[]want{{tHttpStage, "http", M, "throttlingRateLimit"}}},
	})
}

func TestVPCL_APIGW_DATA_TRACE(t *testing.T) {
	testRule(t, "VPCL-APIGW-DATA-TRACE", []mutation{
		{"restDataTrace", "", func(t *testing.T, f *fixture) { f.set(t, tMethodSettings, "rest", "settings.dataTraceEnabled", true) },
			[]want{{tMethodSettings, "rest", M, "full requests"}}},
		{"httpDefaultRouteDataTrace", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpStage, "http", "defaultRouteSettings.dataTraceEnabled", true)
		},
			[]want{{tHttpStage, "http", M, "dataTraceEnabled"}}},
		{"httpRouteDataTrace", "", func(t *testing.T, f *fixture) {
			f.set(t, tHttpStage, "http", "routeSettings", arr(obj("routeKey", "ANY /api", "dataTraceEnabled", true)))
		}, []want{{tHttpStage, "http", M, "dataTraceEnabled"}}},
	})
}

func TestVPCL_APIGW_REDEPLOY(t *testing.T) {
	testRule(t, "VPCL-APIGW-REDEPLOY", []mutation{
		{"noTriggers", "", func(t *testing.T, f *fixture) { f.del(t, tDeployment, "rest", "triggers") },
			[]want{{tDeployment, "rest", M, "no triggers"}}},
		{"emptyTriggers", "", func(t *testing.T, f *fixture) { f.set(t, tDeployment, "priv", "triggers", map[string]any{}) },
			[]want{{tDeployment, "priv", M, "no triggers"}}},
		{"missesMethod", "", func(t *testing.T, f *fixture) { f.undepend(t, tDeployment, "rest", tMethod+"::rest-api") },
			[]want{{tDeployment, "rest", M, "does not depend on rest-api"}}},
		{"missesIntegration", "", func(t *testing.T, f *fixture) { f.undepend(t, tDeployment, "rest", tIntegration+"::rest-api") },
			[]want{{tDeployment, "rest", M, "rest-api"}}},
		{"missesPolicy", "", func(t *testing.T, f *fixture) { f.undepend(t, tDeployment, "priv", tRestApiPolicy+"::priv") },
			[]want{{tDeployment, "priv", M, "resource policy"}}},
	})
}

func TestVPCL_APIGW_PRIVATE_POLICY(t *testing.T) {
	testRule(t, "VPCL-APIGW-PRIVATE-POLICY", []mutation{
		{"noPolicy", "", func(t *testing.T, f *fixture) { f.drop(t, tRestApiPolicy, "priv") },
			[]want{{tRestApi, "priv", M, "no resource policy"}}},
		{"noDeny", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", mustJSON(obj("Statement", arr(obj("Effect", "Allow", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*")))))
		}, []want{{tRestApiPolicy, "priv", M, "does not deny"}}},
		{"denyOnAnotherKey", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", mustJSON(obj("Statement", arr(
				obj("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*", "Condition", obj("NotIpAddress", obj("aws:SourceIp", "10.0.0.0/8"))),
			))))
		}, []want{{tRestApiPolicy, "priv", M, "aws:SourceVpce"}}},
		{"tooLong", "", func(t *testing.T, f *fixture) {
			f.set(t, tRestApiPolicy, "priv", "policy", mustJSON(obj("Statement", arr(
				obj("Sid", strings.Repeat("x", 8200), "Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", "*", "Condition", obj("StringNotEquals", obj("aws:SourceVpc", "vpc-1"))),
			))))
		}, []want{{tRestApiPolicy, "priv", M, "at most 8192"}}},
		{"inlinePolicyCounts", "", func(t *testing.T, f *fixture) {
			doc, _ := f.res(t, tRestApiPolicy, "priv").Inputs["policy"].(string)
			f.drop(t, tRestApiPolicy, "priv")
			f.set(t, tRestApi, "priv", "policy", doc)
		}, nil},
		{"unknownPolicyPasses", "", func(t *testing.T, f *fixture) { f.set(t, tRestApiPolicy, "priv", "policy", policy.Unknown{}) }, nil},
	})
}

func TestVPCL_APIGW_INTEGRATION_TIMEOUT(t *testing.T) {
	testRule(t, "VPCL-APIGW-INTEGRATION-TIMEOUT", []mutation{
		{"restAboveA1", "", func(t *testing.T, f *fixture) { f.set(t, tIntegration, "rest-api", "timeoutMilliseconds", 60000.0) },
			[]want{{tIntegration, "rest-api", M, "A1"}}},
		{"restBelowMinimum", "", func(t *testing.T, f *fixture) { f.set(t, tIntegration, "priv-api", "timeoutMilliseconds", 10.0) },
			[]want{{tIntegration, "priv-api", M, "50 to 29000"}}},
		{"httpAboveA2", "", func(t *testing.T, f *fixture) { f.set(t, tHttpIntegration, "http-alb", "timeoutMilliseconds", 30001.0) },
			[]want{{tHttpIntegration, "http-alb", M, "A2"}}},
		{"httpMaximumPasses", "", func(t *testing.T, f *fixture) { f.set(t, tHttpIntegration, "http-alb", "timeoutMilliseconds", 30000.0) }, nil},
		{"unsetPasses", "", func(t *testing.T, f *fixture) { f.del(t, tIntegration, "rest-api", "timeoutMilliseconds") }, nil},
	})
}

func TestVPCL_REST_LINK_TARGET(t *testing.T) {
	testRule(t, "VPCL-REST-LINK-TARGET", []mutation{
		{"v1LinkPasses", "", func(t *testing.T, f *fixture) { addV1Link(f) }, nil},
		{"targetsAlb", "", func(t *testing.T, f *fixture) {
			addV1Link(f)
			r := f.res(t, tRestLink, "rest-link")
			r.Inputs["targetArn"] = arnPrefix + "loadbalancer/app/alb/1"
			r.PropertyDependencies["targetArn"] = []string{urn(tLB, "alb"), urn(tListener, "alb")}
		}, []want{{tRestLink, "rest-link", M, "not a Network Load Balancer"}, {tRestLink, "rest-link", M, "load balancer alb"}}},
		{"nlbWithoutListener", "", func(t *testing.T, f *fixture) {
			addV1Link(f)
			f.drop(t, tListener, "nlb-api")
			f.undepend(t, tRestLink, "rest-link", tListener+"::nlb-api")
		}, []want{{tRestLink, "rest-link", M, "has no listener"}}},
		{"doesNotWaitForListener", "", func(t *testing.T, f *fixture) {
			addV1Link(f)
			f.undepend(t, tRestLink, "rest-link", tListener+"::nlb-api")
		},
			[]want{{tRestLink, "rest-link", M, "does not depend on any listener"}}},
		{"externalNlbArnOnly", "", func(t *testing.T, f *fixture) {
			addV1Link(f)
			r := f.res(t, tRestLink, "rest-link")
			r.Inputs["targetArn"] = arnPrefix + "loadbalancer/net/shared/9"
			r.PropertyDependencies = nil
			r.Dependencies = nil
		}, nil},
	})
}

func TestVPCL_REST_V2_TARGET(t *testing.T) {
	testRule(t, "VPCL-REST-V2-TARGET", []mutation{
		{"listenerArn", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.IntegrationTarget = arnPrefix + "listener/app/alb/1/a" })
			})
		}, []want{{tRestApi, "doc", M, "method ANY /api of REST API doc names integrationTarget"}, {tRestApi, "doc", M, "method ANY /api/{proxy+} of REST API doc"}}},
		{"v2LinkWithoutTarget", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.IntegrationTarget = "" })
			})
		}, []want{{tRestApi, "doc", M, "names no integrationTarget"}, {tRestApi, "doc", M, "names no integrationTarget"}}},
		{"v1LinkWithTarget", "", func(t *testing.T, f *fixture) {
			addV1Link(f)
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.ConnectionId = "link1" })
			})
		}, []want{{tRestApi, "doc", M, "fixed on the link (aws-facts A5)"}, {tRestApi, "doc", M, "over V1 link link1"}}},
		{"unknownBodyPasses", "", func(t *testing.T, f *fixture) { f.set(t, tRestApi, "doc", "body", policy.Unknown{}) }, nil},
	})
}

func TestVPCL_REST_V1_LEGACY(t *testing.T) {
	testRule(t, "VPCL-REST-V1-LEGACY", []mutation{
		{"v1Link", "", func(t *testing.T, f *fixture) { addV1Link(f) }, []want{{tRestLink, "rest-link", A, "legacy"}}},
	})
}

func TestBodyMethodsAreJudgedByPathAndMethod(t *testing.T) {
	testRule(t, "VPCL-APIGW-REQUEST-VALIDATION", []mutation{
		{"noValidator", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) { d.RequestValidator = "" })
		}, []want{{tRestApi, "doc", M, "method ANY /api of REST API doc has no request validator"}, {tRestApi, "doc", A, "method ANY /api/{proxy+} of REST API doc has no request validator"}}},
		{"validatorSkipsBody", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				d.RequestValidators[d.RequestValidator] = openapi.RequestValidator{ValidateRequestParameters: true}
			})
		}, []want{{tRestApi, "doc", M, "ANY /api of REST API doc uses request validator"}, {tRestApi, "doc", M, "ANY /api/{proxy+} of REST API doc uses"}}},
		{"undefinedValidator", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) { d.RequestValidators = nil })
		}, []want{{tRestApi, "doc", M, "which x-amazon-apigateway-request-validators does not define"}, {tRestApi, "doc", M, "does not define"}}},
	})
	testRule(t, "VPCL-APIGW-AUTHORIZATION", []mutation{
		{"bodyNone", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				for _, item := range d.Paths {
					for _, op := range item {
						op.Auth, op.Security = nil, nil
					}
				}
			})
		}, []want{{tRestApi, "doc", A, "method ANY /api of REST API doc has authorization NONE"}, {tRestApi, "doc", A, "method ANY /api/{proxy+} of REST API doc"}}},
	})
	testRule(t, "VPCL-APIGW-INTEGRATION-TIMEOUT", []mutation{
		{"bodyAboveA1", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.TimeoutInMillis = 60000 })
			})
		}, []want{{tRestApi, "doc", M, "ANY /api of REST API doc has timeoutInMillis 60000 (aws-facts A1"}, {tRestApi, "doc", M, "timeoutInMillis 60000"}}},
		{"streamingUpTo900000Passes", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.TimeoutInMillis, i.ResponseTransferMode = 900000, openapi.Stream })
			})
		}, nil},
		{"streamingAbove900000", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				eachIntegration(d, func(i *openapi.Integration) { i.TimeoutInMillis, i.ResponseTransferMode = 900001, openapi.Stream })
			})
		}, []want{{tRestApi, "doc", M, "R13"}, {tRestApi, "doc", M, "R13"}}},
	})
	testRule(t, "VPCL-APIGW-REDEPLOY", []mutation{
		{"mergeMode", "", func(t *testing.T, f *fixture) { f.set(t, tRestApi, "doc", "putRestApiMode", "merge") },
			[]want{{tRestApi, "doc", M, "putRestApiMode merge; use overwrite"}}},
		{"unsetMode", "", func(t *testing.T, f *fixture) { f.del(t, tRestApi, "doc", "putRestApiMode") },
			[]want{{tRestApi, "doc", M, "aws-facts R9"}}},
	})
	testRule(t, "VPCL-APIGW-PRIVATE-POLICY", []mutation{
		{"bodyWithoutPolicy", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) { d.Policy = nil })
		}, []want{{tRestApi, "doc", M, "PRIVATE REST API doc has no resource policy"}}},
		{"bodyPolicyWithoutDeny", "", func(t *testing.T, f *fixture) {
			f.editBody(t, "doc", func(d *openapi.Document) {
				d.Policy = []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`)
			})
		}, []want{{tRestApi, "doc", M, "does not deny requests"}}},
	})
}

func TestVPCL_APIGW_API_KEY(t *testing.T) {
	plan := func(f *fixture) {
		f.add(tUsagePlan, "doc-partners", obj("name", "doc-partners", "apiStages", arr(obj("apiId", "doc-id", "stage", "v1"))), obj("id", "up1"))
	}
	testRule(t, "VPCL-APIGW-API-KEY", []mutation{
		{"planOnMethodsWithoutKeys", "", func(t *testing.T, f *fixture) { plan(f) },
			[]want{{tRestApi, "doc", M, "does not require an API key"}, {tRestApi, "doc", M, "does not require an API key"}}},
		{"planWithKeysPasses", "", func(t *testing.T, f *fixture) {
			plan(f)
			f.editBody(t, "doc", func(d *openapi.Document) {
				d.ApiKeySource = "HEADER"
				d.Components.SecuritySchemes[openapi.ApiKeyScheme] = openapi.SecurityScheme{Type: "apiKey", Name: openapi.ApiKeyHeader, In: "header"}
				for _, item := range d.Paths {
					for _, op := range item {
						op.Security[0][openapi.ApiKeyScheme] = []string{}
					}
				}
			})
		}, nil},
		{"authorizerKeySource", "", func(t *testing.T, f *fixture) {
			plan(f)
			f.editBody(t, "doc", func(d *openapi.Document) {
				d.ApiKeySource = "AUTHORIZER"
				d.Components.SecuritySchemes[openapi.ApiKeyScheme] = openapi.SecurityScheme{Type: "apiKey", Name: openapi.ApiKeyHeader, In: "header"}
				for _, item := range d.Paths {
					for _, op := range item {
						op.Security[0][openapi.ApiKeyScheme] = []string{}
					}
				}
			})
		}, []want{{tRestApi, "doc", M, "API key source is not HEADER"}}},
	})
}
