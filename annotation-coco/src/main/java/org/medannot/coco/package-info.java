/** COCO, Label Studio and CVAT interchange for the SDK, and the module's exception type. */
package org.medannot.coco;
