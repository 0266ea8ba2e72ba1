-- The category tree is reference data: products point at leaf slugs, filters on a parent include its children.
INSERT INTO categories (slug, name) VALUES
    ('electronics', 'Electronics'),
    ('home', 'Home & Kitchen'),
    ('sports', 'Sports & Outdoors'),
    ('fashion', 'Fashion');

INSERT INTO categories (slug, name, parent_id)
SELECT c.slug, c.name, p.id
FROM (VALUES
    ('laptops', 'Laptops', 'electronics'),
    ('phones', 'Phones', 'electronics'),
    ('headphones', 'Headphones', 'electronics'),
    ('cameras', 'Cameras', 'electronics'),
    ('monitors', 'Monitors', 'electronics'),
    ('kitchen', 'Kitchen', 'home'),
    ('furniture', 'Furniture', 'home'),
    ('lighting', 'Lighting', 'home'),
    ('running', 'Running', 'sports'),
    ('cycling', 'Cycling', 'sports'),
    ('outdoor', 'Camping & Hiking', 'sports'),
    ('shoes', 'Shoes', 'fashion'),
    ('jackets', 'Jackets', 'fashion'),
    ('bags', 'Bags', 'fashion')
) AS c (slug, name, parent)
JOIN categories p ON p.slug = c.parent;
