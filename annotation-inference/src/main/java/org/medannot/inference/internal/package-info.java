/** Helpers shared by the backends of this module; not API. */
package org.medannot.inference.internal;
