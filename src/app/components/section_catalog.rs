//! Editor section "Catalog": the products on sale (price, cost, stock, appeal, elasticity) and the kits built from them.

use serde_json::{Value, json};
use yew::prelude::*;

use crate::app::components::editor::SectionProps;
use crate::app::components::kit_components::KitComponents;
use crate::app::components::list_tools::{RowTools, array, errors_at, money, number, text, unique_id, whole_numbers};
use crate::app::components::number_field::NumberField;
use crate::app::components::text_field::TextField;
use crate::app::doc::{Edit, Path};

/// A card's title and the row buttons' words for an item: its name, else its id, else its place.
fn called(v: &Value, what: &str, i: usize) -> String {
    [text(v, "name"), text(v, "id")]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map_or_else(|| format!("{what} {}", i + 1), str::to_owned)
}

#[function_component(SectionCatalog)]
pub fn section_catalog(props: &SectionProps) -> Html {
    let SectionProps { doc, errors, on_edit } = props.clone();
    let whole = whole_numbers(&on_edit);
    let currency = doc.get("currency").and_then(Value::as_str).filter(|c| !c.is_empty()).unwrap_or("USD").to_owned();
    let catalog = Path::root().key("catalog");
    let kits_path = Path::root().key("kits");
    let products = array(&doc, "catalog");
    let kits = array(&doc, "kits");

    let product_cards = products.iter().enumerate().map(|(i, p)| {
        let path = catalog.index(i);
        let title = called(p, "Product", i);
        html! {
            <div class="card" id={format!("catalog-{i}")}>
                <div class="card-head">
                    <span class="card-title">{ title.clone() }</span>
                    <RowTools what={format!("product {title}")} list={catalog.clone()} index={i} len={products.len()}
                        on_edit={on_edit.clone()} />
                </div>
                { errors_at(&errors, &path) }
                <div class="card-grid">
                    <TextField label="ID" path={path.key("id")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <div class="span-2">
                        <TextField label="Name" path={path.key("name")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    </div>
                    <NumberField label={format!("Price ({currency})")} required=true path={path.key("price")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Unit cost" required=true uncertain=true path={path.key("unit_cost")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Stock (units)" required=true path={path.key("stock")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={whole.clone()} />
                    <NumberField label="Appeal" placeholder="1" uncertain=true path={path.key("appeal")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Elasticity" placeholder="1.5" uncertain=true path={path.key("elasticity")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                </div>
            </div>
        }
    });

    let kit_cards = kits.iter().enumerate().map(|(k, kit)| {
        let path = kits_path.index(k);
        let title = called(kit, "Kit", k);
        html! {
            <div class="card" id={format!("kits-{k}")}>
                <div class="card-head">
                    <span class="card-title">{ title.clone() }</span>
                    <RowTools what={format!("kit {title}")} list={kits_path.clone()} index={k} len={kits.len()}
                        on_edit={on_edit.clone()} />
                </div>
                { errors_at(&errors, &path) }
                <div class="card-grid">
                    <TextField label="ID" path={path.key("id")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <div class="span-2">
                        <TextField label="Name" path={path.key("name")} doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    </div>
                    <NumberField label={format!("Price ({currency})")} required=true path={path.key("price")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Bonus cost" placeholder="0" uncertain=true path={path.key("bonus_cost")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Appeal" placeholder="1" uncertain=true path={path.key("appeal")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                    <NumberField label="Elasticity" placeholder="1.5" uncertain=true path={path.key("elasticity")}
                        doc={doc.clone()} errors={errors.clone()} on_edit={on_edit.clone()} />
                </div>
                <KitComponents path={path.clone()} kit={title.clone()} doc={doc.clone()} errors={errors.clone()}
                    on_edit={on_edit.clone()} />
            </div>
        }
    });

    let add_product = {
        let on_edit = on_edit.clone();
        let doc = doc.clone();
        Callback::from(move |_| {
            let n = array(&doc, "catalog").len() + 1;
            let id = unique_id(&doc, "product", n);
            on_edit.emit(Edit::Push(
                Path::root().key("catalog"),
                json!({ "id": id, "name": format!("Product {n}"), "price": 50, "unit_cost": 20, "stock": 100 }),
            ));
        })
    };
    let add_kit = {
        let on_edit = on_edit.clone();
        let doc = doc.clone();
        Callback::from(move |_| {
            let n = array(&doc, "kits").len() + 1;
            let id = unique_id(&doc, "kit", n);
            // Start from the first two products, priced 10 % under buying them apart.
            let parts: Vec<&Value> =
                array(&doc, "catalog").iter().filter(|p| !text(p, "id").is_empty()).take(2).collect();
            let components: serde_json::Map<String, Value> =
                parts.iter().map(|p| (text(p, "id").to_owned(), json!(1))).collect();
            let apart: f64 = parts.iter().filter_map(|p| number(p, "price")).sum();
            let price = if apart > 0.0 { (apart * 0.9 * 10.0).round() / 10.0 } else { 100.0 };
            on_edit.emit(Edit::Push(
                Path::root().key("kits"),
                json!({ "id": id, "name": format!("Kit {n}"), "components": components, "price": money(price) }),
            ));
        })
    };

    html! {
        <div class="section catalog">
            <h2>{ "Catalog" }</h2>
            <p class="hint">{ "Products and kits share one list of ids. Appeal scales how often viewers want an item; elasticity, how much a lower price lifts that (1.5 if empty)." }</p>
            <h3>{ format!("Products ({})", products.len()) }</h3>
            { errors_at(&errors, &catalog) }
            if products.is_empty() { <p class="hint">{ "No products yet." }</p> }
            { for product_cards }
            <button type="button" class="secondary add-button" onclick={add_product}>{ "+ Add product" }</button>
            <h3>{ format!("Kits ({})", kits.len()) }</h3>
            <p class="hint">{ "A kit sells its components together: each sale takes their stock and costs their unit costs plus the bonus cost." }</p>
            { errors_at(&errors, &kits_path) }
            { for kit_cards }
            <button type="button" class="secondary add-button" onclick={add_kit}>{ "+ Add kit" }</button>
        </div>
    }
}
