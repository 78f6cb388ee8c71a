/** The default segmentation backend: intensity rules and connected components, no model file. */
package org.medannot.inference.classical;
