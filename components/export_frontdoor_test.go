package components

// Validate exposes the front door components' validation (with defaults) to the external tests.
func (a *CustomDomainArgs) Validate() error { d := a.withDefaults(); return d.validate() }

// Validate exposes UsagePlansArgs.validate.
func (a *UsagePlansArgs) Validate() error { return a.validate() }

// Validate exposes WebAclArgs.validate after defaults.
func (a *WebAclArgs) Validate() error { d := a.withDefaults(); return d.validate() }
