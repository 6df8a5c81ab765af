"""The portal has no models of its own yet; grievances arrive with clinic administration."""
