package components

// Validate exposes the front door components' validation (with defaults) to the external tests.
func (a *CustomDomainArgs) Validate() error { d := a.withDefaults(); return d.validate("test") }

// Validate exposes UsagePlansArgs.validate.
func (a *UsagePlansArgs) Validate() error { return a.validate("test") }

// Validate exposes WebAclArgs.validate after defaults.
func (a *WebAclArgs) Validate() error { d := a.withDefaults(); return d.validate("test") }
