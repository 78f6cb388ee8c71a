/** Streaming COCO JSON reading and writing, and the validator that reports problems by JSON pointer. */
package org.medannot.coco.json;
