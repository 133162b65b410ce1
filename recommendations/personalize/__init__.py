"""Amazon Personalize: filter values, dataset export and provisioning (backend in backends/)."""
