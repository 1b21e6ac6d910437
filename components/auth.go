package components

import (
	"fmt"
	"net/url"
	"strings"
)

// Authorization is how an API authorizes callers.
type Authorization string

// Authorization kinds. Iam is SigV4 (AWS_IAM); Jwt validates bearer tokens against an issuer and
// audiences (HTTP APIs only: REST APIs would need a Lambda authorizer).
const (
	AuthNone Authorization = "none"
	AuthIam  Authorization = "iam"
	AuthJwt  Authorization = "jwt"
)

// Jwt configures a JWT authorizer.
type Jwt struct {
	// Issuer URL of the tokens, https://... Required.
	Issuer string `pulumi:"issuer"`
	// Audiences a token must name one of (the aud claim). At least one is required.
	Audiences []string `pulumi:"audiences"`
}

// Throttling limits a stage's steady-state request rate and burst.
type Throttling struct {
	// RateLimit in requests per second. Defaults to 100.
	RateLimit float64 `pulumi:"rateLimit,optional"`
	// BurstLimit in requests. Defaults to 200.
	BurstLimit int `pulumi:"burstLimit,optional"`
}

func (t *Throttling) withDefaults() Throttling {
	out := Throttling{}
	if t != nil {
		out = *t
	}
	out.RateLimit = orDefault(out.RateLimit, 100)
	out.BurstLimit = orDefault(out.BurstLimit, 200)
	return out
}

// ValidateJwt checks a JWT authorizer's issuer and audiences.
func ValidateJwt(j *Jwt) error {
	if j == nil || j.Issuer == "" {
		return fmt.Errorf("jwt authorization needs jwt.issuer, the https URL of the token issuer")
	}
	u, err := url.Parse(j.Issuer)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("jwt.issuer %q must be an https URL like https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf", j.Issuer)
	}
	if len(j.Audiences) == 0 || slicesHasEmpty(j.Audiences) {
		return fmt.Errorf("jwt.audiences must list at least one non-empty audience")
	}
	return nil
}

func slicesHasEmpty(v []string) bool {
	for _, s := range v {
		if strings.TrimSpace(s) == "" {
			return true
		}
	}
	return false
}
