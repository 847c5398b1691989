import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({
      extend: z.object({
        lesson: z.number().int().optional().describe('The lesson number (1-11), for progress and ordering.'),
        scenario: z.string().optional().describe('The scenario file of this lesson, in src/content/scenarios, without .yaml.'),
      }),
    }),
  }),
};
